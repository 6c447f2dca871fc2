import{j as a,k as b,l as c,m as d}from"./chunk-IMGPRBBW.js";import"./chunk-NR5GAUVR.js";export{a as app,d as focusMain,c as navigate,b as refreshMe};
